; Vietnamese messages for the CCHC Desk installer (Inno Setup 6). Loaded after Default.isl, so any message
; not listed here falls back to English; the screens a per-user install shows are all covered.

[LangOptions]
LanguageName=Ti<1EBF>ng Vi<1EC7>t
LanguageID=$042A
LanguageCodePage=0

[Messages]
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1
InformationTitle=Thông tin
ConfirmTitle=Xác nhận
ErrorTitle=Lỗi
SetupLdrStartupMessage=Chương trình sẽ cài đặt %1. Bạn có muốn tiếp tục?
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Việc cài đặt chưa xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nBạn có thể chạy lại bộ cài lúc khác để cài tiếp.%n%nThoát cài đặt?
ButtonBack=< &Quay lại
ButtonNext=&Tiếp >
ButtonInstall=&Cài đặt
ButtonOK=Đồng ý
ButtonCancel=Huỷ
ButtonYes=&Có
ButtonYesToAll=Có với &tất cả
ButtonNo=&Không
ButtonNoToAll=Khô&ng với tất cả
ButtonFinish=&Hoàn tất
ButtonBrowse=&Chọn thư mục...
ButtonWizardBrowse=C&họn thư mục...
ButtonNewFolder=Tạo thư &mục mới
SelectLanguageTitle=Chọn ngôn ngữ cài đặt
SelectLanguageLabel=Chọn ngôn ngữ dùng trong khi cài đặt.
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách rồi bấm Đồng ý.
NewFolderName=Thư mục mới
WelcomeLabel1=Chào mừng đến với trình cài đặt [name]
WelcomeLabel2=Trình này sẽ cài [name/ver] vào máy tính của bạn.%n%nNên đóng các chương trình khác trước khi tiếp tục.
WizardSelectDir=Chọn nơi cài đặt
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=Trình cài đặt sẽ cài [name] vào thư mục sau.
SelectDirBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác, bấm Chọn thư mục.
DiskSpaceGBLabel=Cần ít nhất [gb] GB dung lượng trống.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống.
DirExistsTitle=Thư mục đã có
DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
WizardSelectTasks=Chọn việc cần làm thêm
SelectTasksDesc=Trình cài đặt có nên làm thêm việc nào không?
SelectTasksLabel2=Chọn các việc cần làm thêm khi cài [name], rồi bấm Tiếp.
WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Trình cài đặt đã sẵn sàng cài [name] vào máy tính của bạn.
ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại để xem lại hay thay đổi lựa chọn.
ReadyLabel2b=Bấm Cài đặt để bắt đầu.
ReadyMemoDir=Nơi cài đặt:
ReadyMemoTasks=Việc làm thêm:
WizardPreparing=Đang chuẩn bị cài đặt
PreparingDesc=Trình cài đặt đang chuẩn bị cài [name] vào máy tính của bạn.
WizardInstalling=Đang cài đặt
InstallingLabel=Vui lòng chờ trong khi [name] được cài vào máy tính của bạn.
FinishedHeadingLabel=Đã cài xong [name]
FinishedLabelNoIcons=Đã cài [name] vào máy tính của bạn.
FinishedLabel=Đã cài [name] vào máy tính của bạn. Có thể mở chương trình từ biểu tượng đã tạo.
ClickFinish=Bấm Hoàn tất để đóng trình cài đặt.
RunEntryExec=Mở %1
StatusExtractFiles=Đang chép các tệp...
StatusCreateIcons=Đang tạo biểu tượng...
StatusRollback=Đang hoàn tác các thay đổi...
ConfirmUninstall=Bạn có chắc muốn gỡ %1? Dữ liệu của bạn (kế hoạch, tiến độ, tài liệu kiểm chứng, bản sao lưu) được giữ nguyên.
UninstallStatusLabel=Vui lòng chờ trong khi %1 được gỡ khỏi máy tính của bạn.
UninstalledAll=Đã gỡ %1. Dữ liệu của bạn vẫn được giữ nguyên.
UninstalledMost=Đã gỡ %1.%n%nMột số mục không xoá được; có thể xoá bằng tay.
UninstallDataCorrupted=Tệp "%1" bị hỏng. Không gỡ được.
WizardUninstalling=Đang gỡ cài đặt
StatusUninstalling=Đang gỡ %1...
SetupAborted=Việc cài đặt chưa xong.%n%nHãy khắc phục rồi chạy lại trình cài đặt.
AbortRetryIgnoreSelectAction=Chọn cách xử lý
AbortRetryIgnoreRetry=&Thử lại
AbortRetryIgnoreIgnore=&Bỏ qua lỗi và tiếp tục
AbortRetryIgnoreCancel=Huỷ cài đặt

[CustomMessages]
CreateDesktopIcon=Tạo biểu tượng trên &màn hình
AdditionalIcons=Biểu tượng:
LaunchProgram=Mở %1
UninstallProgram=Gỡ %1
AssocFileExtension=&Gắn %1 với các tệp có đuôi %2
