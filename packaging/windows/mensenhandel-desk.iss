; Inno Setup 6 script: a per-user installer (no administrator rights) for the onedir build
; in dist\MensenhandelDesk. Build steps: packaging\README.md. Compile from the repository root:
;
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\mensenhandel-desk.iss
;
; Installs into %LOCALAPPDATA%\Programs\MensenhandelDesk, adds a Start-menu shortcut for the
; current user, and registers an uninstaller under HKCU. The vault, its backups, the logs and
; the settings live elsewhere (%LOCALAPPDATA%\Gemeente\MensenhandelDesk, HKCU\Software\Gemeente\
; MensenhandelDesk): the uninstaller leaves them, unless the officer answers Yes to a
; question whose default is No, or IT passes /PURGEDATA=yes to a silent uninstall
; (unins000.exe /VERYSILENT /PURGEDATA=yes).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Mensenhandel Desk"
#define AppExe "mensenhandel-desk.exe"
#define Root "..\.."

[Setup]
AppId={{5C0B7E0A-3C0F-4B7B-9A7E-6D2C1B9E4F11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Gemeente
VersionInfoVersion={#AppVersion}
; per user: no elevation, no machine-wide files or registry keys
PrivilegesRequired=lowest
DefaultDirName={userpf}\MensenhandelDesk
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=MensenhandelDesk-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\mensenhandel-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; the app must not run while its files are replaced
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
dutch.RemoveData=Ook de kluis, de back-ups, de logboeken en de instellingen van %1 verwijderen?%n%n%2%n%nKies Nee (aanbevolen) als u de gegevens nog nodig hebt of aan een opvolger overdraagt. Verwijderen kan niet ongedaan worden gemaakt.
english.RemoveData=Also delete the vault, the backups, the logs and the settings of %1?%n%n%2%n%nChoose No (recommended) if you still need the data or hand it over to a successor. Deleting cannot be undone.

[Files]
Source: "{#Root}\dist\MensenhandelDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an update replaces the whole program folder (never the data: that is not in {app})
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Signalen mensenhandel (versleutelde kluis)"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function DataFolder(): String;
begin
  { platformdirs.user_data_dir("MensenhandelDesk", "Gemeente", roaming=False) }
  Result := ExpandConstant('{localappdata}\Gemeente\MensenhandelDesk');
end;

function PurgeRequested(): Boolean;
begin
  if UninstallSilent() then
    Result := ExpandConstant('{param:PURGEDATA|no}') <> 'no'
  else
    Result := MsgBox(FmtMessage(CustomMessage('RemoveData'), ['{#AppName}', DataFolder()]),
                     mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Only on request: the vault (kluis.mhd), its backups and the logs, and the remembered
    vault path. A vault the officer keeps elsewhere is never touched. }
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) and PurgeRequested() then
  begin
    DelTree(DataFolder(), True, True, True);
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\Gemeente\MensenhandelDesk');
  end;
end;
